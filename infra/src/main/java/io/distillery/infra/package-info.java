/**
 * What stands the system up on one machine: the embedded broker, the development inference server,
 * demo models.
 */
package io.distillery.infra;
