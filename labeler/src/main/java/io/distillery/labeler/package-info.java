/**
 * The labeler stage: reads raw records, sends micro-batches to KServe v2 / Triton teachers and
 * writes each pseudo-label exactly once to the task's labeled topic.
 */
package io.distillery.labeler;
