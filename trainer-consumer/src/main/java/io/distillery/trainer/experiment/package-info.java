/**
 * Offline checks of the distillation recipe: the student trained only on a teacher's pseudo-labels
 * of a labelled split, compared with the teacher on the test split.
 */
package io.distillery.trainer.experiment;
