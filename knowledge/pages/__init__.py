"""Page handling: files and bytes in, cleaned article text and the date the page states for itself out."""
