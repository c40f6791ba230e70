"""Core subcommands of ``dispatch-console``; each module has add_arguments() and run()."""
