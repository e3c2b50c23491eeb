"""The guided conversation: sections, the prompt guide and autosave."""
