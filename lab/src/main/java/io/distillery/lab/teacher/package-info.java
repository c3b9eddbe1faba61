/** Supervised training of the image teacher on a labelled split, and its evaluation. */
package io.distillery.lab.teacher;
