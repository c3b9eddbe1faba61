/**
 * Media every stage reads: one inspector of payloads by their bytes, and the reason a payload is
 * refused ({@link io.distillery.media.RefusedRecordException}), the same whichever stage refuses
 * it.
 */
package io.distillery.media;
