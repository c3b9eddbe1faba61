/** What a student learns from in a pseudo-labeled record. */
package io.distillery.schemas.label;
