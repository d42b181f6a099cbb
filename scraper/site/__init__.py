"""The site: the prepared tree any engine builds, the URL scheme, and checking and serving
a built site."""
