/*
 * The `frameloop` command line: dispatches to one file per command.
 *
 * stdout carries transcript lines only, so a run can be diffed and piped;
 * everything else (the policy and seed needed to replay a run, errors) goes to
 * stderr. Exit status: 0 success, 1 the scenario's run failed, 2 usage error.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "frameloop/frameloop.h"
#include "frameloop/harness.h"

static const char main_usage[] =
    "usage: frameloop <command> [options]\n"
    "\n"
    "Runs event-loop scenarios on a model of a browser's main thread.\n"
    "\n"
    "commands:\n"
    "  list              list the scenarios with a one-line description\n"
    "  run NAME [opts]   run a scenario and print its transcript on stdout\n"
    "  demo [--out DIR]  run long-task-jank with frames, summary and trace\n"
    "  check [NAME...]   compare scenarios with their goldens (golden/)\n"
    "  help [COMMAND]    show help for a command\n"
    "\n"
    "options:\n"
    "  -h, --help        show this help\n"
    "  --version         print the version\n";

static const char list_usage[] = "usage: frameloop list\n"
                                 "\n"
                                 "Lists every scenario, one per line: NAME  DESCRIPTION.\n";

static int cmd_list(int argc, char **argv)
{
    if (argc > 0 && fl_cli_is_help(argv[0])) {
        fputs(list_usage, stdout);
        return 0;
    }
    if (argc > 0)
        return fl_cli_usage_error(list_usage, "list takes no arguments, got '%s'", argv[0]);
    for (size_t i = 0; i < fl_scenario_count(); i++) {
        const fl_scenario *s = fl_scenario_at(i);
        printf("%-24s %s\n", s->name, s->description);
    }
    return 0;
}

/* Every command: its name, entry point and help text. */
typedef struct cli_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
} cli_command;

static const cli_command commands[] = {
    {"list", cmd_list, list_usage},
    {"run", fl_cli_run, fl_cli_run_usage},
    {"demo", fl_cli_demo, fl_cli_demo_usage},
    {"check", fl_cli_check, fl_cli_check_usage},
};

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

static int cmd_help(int argc, char **argv)
{
    if (argc == 0) {
        fputs(main_usage, stdout);
        return 0;
    }
    const cli_command *c = find_command(argv[0]);
    if (!c)
        return fl_cli_usage_error(main_usage, "no help for unknown command '%s'", argv[0]);
    fputs(c->usage, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fl_cli_usage_error(main_usage, "missing command");
    const char *cmd = argv[1];
    const cli_command *c = find_command(cmd);
    if (c)
        return c->fn(argc - 2, argv + 2);
    if (strcmp(cmd, "help") == 0 || fl_cli_is_help(cmd))
        return cmd_help(argc - 2, argv + 2);
    if (strcmp(cmd, "--version") == 0) {
        printf("frameloop %s\n", FL_VERSION_STRING);
        return 0;
    }
    return fl_cli_usage_error(main_usage, "unknown command '%s'", cmd);
}
