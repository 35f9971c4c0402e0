/*
 * What the `frameloop` commands share: exit statuses, usage errors, and each
 * command's entry point and help text (one file per command: cli_run.c, ...).
 */
#ifndef FL_HARNESS_CLI_H
#define FL_HARNESS_CLI_H

#include "frameloop/loop.h"

#define EXIT_RUN_FAILED 1
#define EXIT_USAGE      2

/* Says "frameloop: <what was wrong>", then how to use the command, on stderr;
 * returns EXIT_USAGE. */
int fl_cli_usage_error(const char *usage, const char *fmt, ...) FL_PRINTF_LIKE(2, 3);

/* Whether `arg` is -h or --help. */
int fl_cli_is_help(const char *arg);

/* Each command takes the arguments after its name and returns the exit status. */
extern const char fl_cli_run_usage[];
int fl_cli_run(int argc, char **argv);
extern const char fl_cli_demo_usage[];
int fl_cli_demo(int argc, char **argv);
extern const char fl_cli_check_usage[];
int fl_cli_check(int argc, char **argv);

#endif /* FL_HARNESS_CLI_H */
