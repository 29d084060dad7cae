"""One module per verb. Each module defines NAME, HELP, add_arguments(parser) and main(args) -> int.

The CLI discovers the modules here, so adding a verb touches no shared file.
"""
