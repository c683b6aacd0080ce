"""The `taskmarts` commands: one module per command, each with one handler `run(args, console) -> exit code`
(pipeline/cli.py parses the arguments and dispatches by the command's name)."""
