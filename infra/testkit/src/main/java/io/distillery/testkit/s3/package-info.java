/** A real S3 server (s3proxy, SigV4) in process, with faults injected behind its front end. */
package io.distillery.testkit.s3;
