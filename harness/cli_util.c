/* Helpers every `frameloop` command uses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int fl_cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("frameloop: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n\n%s", usage);
    va_end(ap);
    return EXIT_USAGE;
}

int fl_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}
