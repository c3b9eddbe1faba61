/** Small file-system helpers. */
package io.distillery.lab.files;
