/** The labeler's typed, validated configuration, built once by the command line. */
package io.distillery.labeler.config;
