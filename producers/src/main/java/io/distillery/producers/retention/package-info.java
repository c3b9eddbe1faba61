/** Retention of claim-checked payloads: deleting those no retained record names any more. */
package io.distillery.producers.retention;
