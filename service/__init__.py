"""Qt-free services shared by the command line and the app (batch work over many reports)."""
