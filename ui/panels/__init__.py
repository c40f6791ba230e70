"""The docked panels and dialogs-in-a-panel; each talks to others only through the shell."""
