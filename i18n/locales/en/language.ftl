# The language switch in the header.
language-switch-label = Language
