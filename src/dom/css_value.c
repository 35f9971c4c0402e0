/*
 * CSS value syntax: spans, keywords, numbers, px lengths and components.
 *
 * Numbers follow CSS Syntax's <number> token (sign, digits, fraction,
 * exponent) and are converted by hand rather than with strtod, which would
 * accept more ("inf", hex floats) and read the process's locale.
 */
#include "dom/css.h"

#include <math.h>
#include <string.h>

int fl__css_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

fl__span fl__css_trim(fl__span s)
{
    while (s.n > 0 && fl__css_space(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n > 0 && fl__css_space(s.p[s.n - 1]))
        s.n--;
    return s;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int fl__css_is(fl__span s, const char *word)
{
    size_t n = strlen(word);
    if (s.n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s.p[i]) != word[i])
            return 0;
    return 1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads digits at s->p[*i], accumulating them into *v; @return how many. */
static size_t digits(fl__span s, size_t *i, double *v)
{
    size_t start = *i;
    while (*i < s.n && is_digit(s.p[*i]))
        *v = *v * 10 + (s.p[(*i)++] - '0');
    return *i - start;
}

/* The exponent part at s.p[*i] (after 'e'); @return -1 when malformed. */
static int exponent(fl__span s, size_t *i, double *scale)
{
    double sign = 1, e = 0;
    if (*i < s.n && (s.p[*i] == '+' || s.p[*i] == '-'))
        sign = s.p[(*i)++] == '-' ? -1 : 1;
    if (digits(s, i, &e) == 0)
        return -1;
    *scale = pow(10, sign * e);
    return 0;
}

/* The longest <number> at the start of s; @return its length, 0 for none. */
static size_t number_prefix(fl__span s, double *out)
{
    size_t i = 0;
    double sign = 1, v = 0, frac = 0, scale = 1;
    if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
        sign = s.p[i++] == '-' ? -1 : 1;
    size_t nint = digits(s, &i, &v), nfrac = 0;
    if (i + 1 < s.n && s.p[i] == '.' && is_digit(s.p[i + 1])) {
        i++;
        nfrac = digits(s, &i, &frac);
        frac /= pow(10, (double)nfrac);
    }
    if (nint == 0 && nfrac == 0)
        return 0;
    /* An 'e' is an exponent only when digits follow; else it starts a unit. */
    size_t at_e = i;
    if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
        i++;
        if (exponent(s, &i, &scale) != 0) {
            i = at_e;
            scale = 1;
        }
    }
    *out = sign * (v + frac) * scale;
    return i;
}

int fl__css_number(fl__span s, double *out)
{
    double v;
    size_t n = number_prefix(s, &v);
    if (n == 0 || n != s.n || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int fl__css_percentage(fl__span s, double *out)
{
    double v;
    size_t n = number_prefix(s, &v);
    if (n == 0 || n + 1 != s.n || s.p[n] != '%' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int fl__css_length(fl__span s, double *px)
{
    double v;
    size_t n = number_prefix(s, &v);
    if (n == 0 || !isfinite(v))
        return -1;
    fl__span unit = {s.p + n, s.n - n};
    if (unit.n == 0 && v == 0) {
        *px = 0;
        return 0;
    }
    if (!fl__css_is(unit, "px"))
        return -1;
    *px = v;
    return 0;
}

int fl__css_component(fl__span *rest, fl__span *out)
{
    *rest = fl__css_trim(*rest);
    if (rest->n == 0)
        return 0;
    size_t i = 0;
    int depth = 0;
    for (; i < rest->n; i++) {
        char c = rest->p[i];
        if (c == '(')
            depth++;
        else if (c == ')' && depth > 0)
            depth--;
        else if (depth == 0 && fl__css_space(c))
            break;
    }
    *out = (fl__span){rest->p, i};
    rest->p += i;
    rest->n -= i;
    return 1;
}
