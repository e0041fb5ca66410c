// Keeps a layer library non-empty while its first sources are being written.
