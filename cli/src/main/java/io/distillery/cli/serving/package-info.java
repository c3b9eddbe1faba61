/** Commands that stand up the development inference server and its demo model repository. */
package io.distillery.cli.serving;
