/*
 * The CSS value pieces the inline-style parser needs: spans of text,
 * case-insensitive keywords, numbers, px lengths, component splitting and
 * colors. Nothing here allocates.
 */
#ifndef FL_DOM_CSS_H
#define FL_DOM_CSS_H

#include <stddef.h>

#include "frameloop/dom.h"

/* A piece of the declaration text: not NUL-terminated. */
typedef struct fl__span {
    const char *p;
    size_t n;
} fl__span;

int fl__css_space(char c);
/* Drops leading and trailing ASCII whitespace. */
fl__span fl__css_trim(fl__span s);
/* ASCII case-insensitive comparison with a lowercase word. */
int fl__css_is(fl__span s, const char *word);
/* A whole CSS <number>. @return 0 or -1. */
int fl__css_number(fl__span s, double *out);
/* A <number> followed by `%`. @return 0 or -1. */
int fl__css_percentage(fl__span s, double *out);
/* A <length> in px (or a unitless 0). @return 0 or -1. */
int fl__css_length(fl__span s, double *px);
/* Takes the next whitespace-separated component off `rest` (a function's
 * parentheses stay in one piece). @return 1 when one was taken, 0 at the end. */
int fl__css_component(fl__span *rest, fl__span *out);
/* A color, as fl_color_parse(). @return 0 or -1. */
int fl__css_color(fl__span s, fl_color *out);

#endif /* FL_DOM_CSS_H */
