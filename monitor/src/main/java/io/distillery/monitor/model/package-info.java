/** What the monitor knows at one instant, per task, and how it changes over time (pure values). */
package io.distillery.monitor.model;
