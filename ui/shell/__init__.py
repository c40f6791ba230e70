"""The window shell: main window, docks, wiring between panels, commands, status bar."""
