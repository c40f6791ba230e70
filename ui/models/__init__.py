"""Qt item models over console.live_state.LiveState (updated row by row, never reset per event)."""
