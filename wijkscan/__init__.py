"""wijkscan: wijkanalyse for Dutch gemeenten."""
