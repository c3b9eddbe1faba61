/** The monitor's web page: live charts of the same snapshots, served by the monitor itself. */
package io.distillery.monitor.web;
