"""Analysis: comparison, trends and signals, aandachtsgebieden, meldingen statistics, hotspots."""
