/** Small file-system helpers. */
package io.distillery.infra.files;
