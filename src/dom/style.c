/*
 * The style attribute: declarations parsed into the computed style the
 * rendering step draws.
 *
 * As CSS does, each declaration stands alone: an unknown property or a value
 * that does not parse drops that declaration and nothing else, and a later
 * valid declaration of a property replaces an earlier one. `initial` and
 * `unset` reset a property (none of ours inherits).
 */
#include "dom/css.h"
#include "dom/dom_internal.h"

#include <string.h>

/* Widths of the border-width keywords, as browsers draw them. */
#define BORDER_THIN   1.0
#define BORDER_MEDIUM 3.0
#define BORDER_THICK  5.0

void fl_style_init(fl_style *style)
{
    if (!style)
        return;
    memset(style, 0, sizeof(*style));
    style->opacity = 1;
    style->border_color = (fl_color){0, 0, 0, 255};
}

static void reset(fl_style *s, unsigned bit)
{
    fl_style initial;
    fl_style_init(&initial);
    switch (bit) {
    case FL_STYLE_LEFT:
        s->left = 0;
        break;
    case FL_STYLE_TOP:
        s->top = 0;
        break;
    case FL_STYLE_WIDTH:
        s->width = 0;
        break;
    case FL_STYLE_HEIGHT:
        s->height = 0;
        break;
    case FL_STYLE_BACKGROUND:
        s->background = initial.background;
        break;
    case FL_STYLE_OPACITY:
        s->opacity = 1;
        break;
    case FL_STYLE_DISPLAY:
        s->display_none = 0;
        break;
    case FL_STYLE_BORDER:
        s->border_width = 0;
        s->border_color = initial.border_color;
        break;
    case FL_STYLE_TRANSFORM:
        s->translate_x = s->translate_y = 0;
        break;
    case FL_STYLE_OVERFLOW:
        s->overflow_hidden = 0;
        break;
    }
    s->specified &= ~bit;
}

/* left, top (any sign) and width, height (not negative); `auto` resets. */
static int parse_box(fl__span v, fl_style *s, unsigned bit)
{
    double px;
    if (fl__css_is(v, "auto")) {
        reset(s, bit);
        return 0;
    }
    if (fl__css_length(v, &px) != 0)
        return -1;
    if ((bit == FL_STYLE_WIDTH || bit == FL_STYLE_HEIGHT) && px < 0)
        return -1;
    double *field = bit == FL_STYLE_LEFT    ? &s->left
                    : bit == FL_STYLE_TOP   ? &s->top
                    : bit == FL_STYLE_WIDTH ? &s->width
                                            : &s->height;
    *field = px;
    s->specified |= bit;
    return 0;
}

/* background: a color (or `none`); background-color: a color. */
static int parse_background(fl__span v, fl_style *s, int shorthand)
{
    fl_color c;
    if (shorthand && fl__css_is(v, "none"))
        c = (fl_color){0, 0, 0, 0};
    else if (fl__css_color(v, &c) != 0)
        return -1;
    s->background = c;
    s->specified |= FL_STYLE_BACKGROUND;
    return 0;
}

static int parse_opacity(fl__span v, fl_style *s)
{
    double o;
    if (fl__css_percentage(v, &o) == 0)
        o /= 100;
    else if (fl__css_number(v, &o) != 0)
        return -1;
    s->opacity = o < 0 ? 0 : o > 1 ? 1 : o;
    s->specified |= FL_STYLE_OPACITY;
    return 0;
}

static int parse_display(fl__span v, fl_style *s)
{
    static const char *const shown[] = {"block",       "inline",    "inline-block", "flex",
                                        "inline-flex", "grid",      "inline-grid",  "flow-root",
                                        "contents",    "list-item", "table"};
    int none = fl__css_is(v, "none"), known = none;
    for (size_t i = 0; !known && i < sizeof(shown) / sizeof(shown[0]); i++)
        known = fl__css_is(v, shown[i]);
    if (!known)
        return -1;
    s->display_none = none;
    s->specified |= FL_STYLE_DISPLAY;
    return 0;
}

static int border_width_keyword(fl__span c, double *px)
{
    *px = fl__css_is(c, "thin")     ? BORDER_THIN
          : fl__css_is(c, "medium") ? BORDER_MEDIUM
          : fl__css_is(c, "thick")  ? BORDER_THICK
                                    : -1;
    return *px < 0 ? -1 : 0;
}

/* border: <width> || <style> || <color>, each at most once, in any order.
 * Left out, they are medium, none and currentcolor, as CSS says. */
static int parse_border(fl__span v, fl_style *s)
{
    double width = BORDER_MEDIUM;
    fl_color color = {0, 0, 0, 255};
    int have_width = 0, have_style = 0, have_color = 0, solid = 0;
    fl__span c;
    while (fl__css_component(&v, &c)) {
        double px;
        if (!have_width && (fl__css_length(c, &px) == 0 || border_width_keyword(c, &px) == 0)) {
            if (px < 0)
                return -1;
            width = px;
            have_width = 1;
        } else if (!have_style && (fl__css_is(c, "solid") || fl__css_is(c, "none"))) {
            solid = fl__css_is(c, "solid");
            have_style = 1;
        } else if (!have_color && fl__css_color(c, &color) == 0) {
            have_color = 1;
        } else {
            return -1;
        }
    }
    if (!have_width && !have_style && !have_color)
        return -1;
    s->border_width = solid ? width : 0;
    s->border_color = color;
    s->specified |= FL_STYLE_BORDER;
    return 0;
}

/* transform: none | translate(<length>) | translate(<length>, <length>). */
static int parse_transform(fl__span v, fl_style *s)
{
    double x = 0, y = 0;
    if (!fl__css_is(v, "none")) {
        if (v.n < 11 || !fl__css_is((fl__span){v.p, 10}, "translate(") || v.p[v.n - 1] != ')')
            return -1;
        fl__span args = {v.p + 10, v.n - 11};
        const char *comma = memchr(args.p, ',', args.n);
        fl__span ax = {args.p, comma ? (size_t)(comma - args.p) : args.n};
        if (fl__css_length(fl__css_trim(ax), &x) != 0)
            return -1;
        if (comma) {
            fl__span ay = {comma + 1, args.n - ax.n - 1};
            if (fl__css_length(fl__css_trim(ay), &y) != 0)
                return -1;
        }
    }
    s->translate_x = x;
    s->translate_y = y;
    s->specified |= FL_STYLE_TRANSFORM;
    return 0;
}

static int parse_overflow(fl__span v, fl_style *s)
{
    int hidden = fl__css_is(v, "hidden") || fl__css_is(v, "clip");
    if (!hidden && !fl__css_is(v, "visible") && !fl__css_is(v, "auto") && !fl__css_is(v, "scroll"))
        return -1;
    s->overflow_hidden = hidden;
    s->specified |= FL_STYLE_OVERFLOW;
    return 0;
}

static const struct {
    const char *name;
    unsigned bit;
} properties[] = {
    {"left", FL_STYLE_LEFT},
    {"top", FL_STYLE_TOP},
    {"width", FL_STYLE_WIDTH},
    {"height", FL_STYLE_HEIGHT},
    {"background", FL_STYLE_BACKGROUND},
    {"background-color", FL_STYLE_BACKGROUND},
    {"opacity", FL_STYLE_OPACITY},
    {"display", FL_STYLE_DISPLAY},
    {"border", FL_STYLE_BORDER},
    {"transform", FL_STYLE_TRANSFORM},
    {"overflow", FL_STYLE_OVERFLOW},
};

static int apply(fl__span name, fl__span v, fl_style *s)
{
    size_t i = 0, n = sizeof(properties) / sizeof(properties[0]);
    while (i < n && !fl__css_is(name, properties[i].name))
        i++;
    if (i == n || v.n == 0)
        return -1;
    unsigned bit = properties[i].bit;
    if (fl__css_is(v, "initial") || fl__css_is(v, "unset")) {
        reset(s, bit);
        return 0;
    }
    switch (bit) {
    case FL_STYLE_BACKGROUND:
        return parse_background(v, s, strcmp(properties[i].name, "background") == 0);
    case FL_STYLE_OPACITY:
        return parse_opacity(v, s);
    case FL_STYLE_DISPLAY:
        return parse_display(v, s);
    case FL_STYLE_BORDER:
        return parse_border(v, s);
    case FL_STYLE_TRANSFORM:
        return parse_transform(v, s);
    case FL_STYLE_OVERFLOW:
        return parse_overflow(v, s);
    default:
        return parse_box(v, s, bit);
    }
}

/* Drops a trailing `!important` (which changes nothing inline). */
static fl__span strip_important(fl__span v)
{
    const char *bang = NULL;
    for (size_t i = 0; i < v.n; i++)
        if (v.p[i] == '!')
            bang = v.p + i;
    if (!bang)
        return v;
    fl__span word = fl__css_trim((fl__span){bang + 1, (size_t)(v.p + v.n - bang - 1)});
    if (!fl__css_is(word, "important"))
        return (fl__span){v.p, 0}; /* a stray '!' makes the declaration invalid */
    return fl__css_trim((fl__span){v.p, (size_t)(bang - v.p)});
}

static int declaration(fl__span d, fl_style *s)
{
    const char *colon = memchr(d.p, ':', d.n);
    if (!colon)
        return -1;
    fl__span name = fl__css_trim((fl__span){d.p, (size_t)(colon - d.p)});
    fl__span value = fl__css_trim((fl__span){colon + 1, (size_t)(d.p + d.n - colon - 1)});
    return apply(name, strip_important(value), s);
}

int fl_style_parse(const char *text, fl_style *out)
{
    if (!out)
        return FL_EINVAL;
    fl_style_init(out);
    if (!text)
        return 0;
    int applied = 0, depth = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        depth += *p == '(' ? 1 : *p == ')' && depth > 0 ? -1 : 0;
        if (*p != '\0' && (*p != ';' || depth > 0))
            continue;
        fl__span d = fl__css_trim((fl__span){start, (size_t)(p - start)});
        if (d.n > 0 && declaration(d, out) == 0)
            applied++;
        if (*p == '\0')
            break;
        start = p + 1;
    }
    return applied;
}

static int color_equal(fl_color a, fl_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

int fl__style_equal(const fl_style *a, const fl_style *b)
{
    return a->specified == b->specified && a->left == b->left && a->top == b->top &&
           a->width == b->width && a->height == b->height &&
           color_equal(a->background, b->background) && a->opacity == b->opacity &&
           a->display_none == b->display_none && a->border_width == b->border_width &&
           color_equal(a->border_color, b->border_color) && a->translate_x == b->translate_x &&
           a->translate_y == b->translate_y && a->overflow_hidden == b->overflow_hidden;
}
