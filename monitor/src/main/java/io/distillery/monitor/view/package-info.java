/** Renders snapshots as text for a terminal. */
package io.distillery.monitor.view;
