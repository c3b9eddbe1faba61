/** The topics of a task, their names, partitions and configs, defined in one place. */
package io.distillery.schemas.topics;
