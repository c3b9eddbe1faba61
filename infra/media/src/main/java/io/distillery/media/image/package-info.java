/**
 * Images, written once for every stage: PNG and JPEG structure checks, the dimension policy, one
 * decoder (a fast PNG path, ImageIO for the rest, raw IDX pixels) and one bilinear resampling with
 * one grey formula (BT.601 luma).
 */
package io.distillery.media.image;
