/** The catalogue of reasons a record is dead-lettered or refused, shared by every stage. */
package io.distillery.schemas.deadletter;
