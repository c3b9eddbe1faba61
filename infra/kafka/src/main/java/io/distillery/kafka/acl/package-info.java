/** What each stage may do on a secured cluster: its least-privilege ACLs. */
package io.distillery.kafka.acl;
