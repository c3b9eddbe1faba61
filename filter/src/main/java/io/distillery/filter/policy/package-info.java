/**
 * Filter policies: which scorers a task runs, the thresholds that turn scores into ACCEPT, SOFT or
 * REJECT with reasons, the weight of soft samples and the optional per-class balance cap. Loaded
 * from JSON; defaults for the demo tasks ship as resources.
 */
package io.distillery.filter.policy;
