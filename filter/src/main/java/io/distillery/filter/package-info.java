/** The filter stage: scores each pseudo-label, applies the task's policy and routes the record. */
package io.distillery.filter;
