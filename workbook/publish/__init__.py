"""The clean official report for printing and publishing (HTML, Word), built once from the format."""
