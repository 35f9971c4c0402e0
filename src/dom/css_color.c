/*
 * CSS colors: hex notations, rgb()/rgba() in the legacy comma syntax and in
 * CSS Color 4's space syntax, `transparent` and the basic color keywords.
 *
 * Channels are clamped to their range and rounded to the nearest 8-bit
 * value, as browsers store them.
 */
#include "dom/css.h"

#include <string.h>

static const struct {
    const char *name;
    uint32_t rgb;
} basic_colors[] = {
    {"black", 0x000000},  {"silver", 0xc0c0c0}, {"gray", 0x808080},   {"white", 0xffffff},
    {"maroon", 0x800000}, {"red", 0xff0000},    {"purple", 0x800080}, {"fuchsia", 0xff00ff},
    {"green", 0x008000},  {"lime", 0x00ff00},   {"olive", 0x808000},  {"yellow", 0xffff00},
    {"navy", 0x000080},   {"blue", 0x0000ff},   {"teal", 0x008080},   {"aqua", 0x00ffff},
    {"orange", 0xffa500},
};

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* #rgb, #rgba, #rrggbb, #rrggbbaa. */
static int parse_hex(fl__span s, fl_color *out)
{
    int d[8];
    size_t n = s.n - 1;
    if (n != 3 && n != 4 && n != 6 && n != 8)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((d[i] = hex_digit(s.p[i + 1])) < 0)
            return -1;
    uint8_t ch[4] = {0, 0, 0, 255};
    size_t per = n <= 4 ? 1 : 2;
    for (size_t c = 0; c < n / per; c++)
        ch[c] = (uint8_t)(per == 1 ? d[c] * 17 : d[2 * c] * 16 + d[2 * c + 1]);
    *out = (fl_color){ch[0], ch[1], ch[2], ch[3]};
    return 0;
}

static uint8_t to_byte(double v, double max)
{
    if (!(v > 0))
        return 0;
    if (v >= max)
        return 255;
    return (uint8_t)(v * 255.0 / max + 0.5);
}

/* A red, green or blue channel: a number 0..255 or a percentage. */
static int channel(fl__span s, uint8_t *out)
{
    double v;
    if (fl__css_number(s, &v) == 0)
        *out = to_byte(v, 255);
    else if (fl__css_percentage(s, &v) == 0)
        *out = to_byte(v, 100);
    else
        return -1;
    return 0;
}

/* The alpha channel: a number 0..1 or a percentage. */
static int alpha(fl__span s, uint8_t *out)
{
    double v;
    if (fl__css_number(s, &v) == 0)
        *out = to_byte(v, 1);
    else if (fl__css_percentage(s, &v) == 0)
        *out = to_byte(v, 100);
    else
        return -1;
    return 0;
}

/* Splits the arguments at commas (legacy) or at spaces and one '/' (CSS Color 4). */
static size_t split_args(fl__span in, fl__span args[5], int *slash_at)
{
    size_t n = 0;
    *slash_at = -1;
    int commas = memchr(in.p, ',', in.n) != NULL;
    size_t start = 0;
    for (size_t i = 0; i <= in.n && n < 5; i++) {
        int end = i == in.n;
        char c = end ? ',' : in.p[i];
        int sep = commas ? c == ',' : (end || fl__css_space(c) || c == '/');
        if (!sep)
            continue;
        fl__span a = fl__css_trim((fl__span){in.p + start, i - start});
        if (a.n > 0 || commas)
            args[n++] = a;
        if (!end && c == '/')
            *slash_at = (int)n;
        start = i + 1;
    }
    return n;
}

/* rgb(...) / rgba(...): the two are the same function in CSS Color 4. */
static int parse_rgb(fl__span s, fl_color *out)
{
    size_t open = fl__css_is((fl__span){s.p, 4}, "rgb(") ? 4 : 5;
    if (s.n < open + 1 || s.p[s.n - 1] != ')')
        return -1;
    fl__span in = {s.p + open, s.n - open - 1};
    fl__span a[5];
    int slash;
    size_t n = split_args(in, a, &slash);
    /* Space syntax: alpha only after the slash; comma syntax: no slash. */
    if (n < 3 || n > 4 || (slash >= 0 && (slash != 3 || n != 4)) ||
        (n == 4 && slash < 0 && !memchr(in.p, ',', in.n)))
        return -1;
    fl_color c = {0, 0, 0, 255};
    if (channel(a[0], &c.r) || channel(a[1], &c.g) || channel(a[2], &c.b) ||
        (n == 4 && alpha(a[3], &c.a)))
        return -1;
    *out = c;
    return 0;
}

int fl__css_color(fl__span s, fl_color *out)
{
    s = fl__css_trim(s);
    if (s.n == 0)
        return -1;
    if (s.p[0] == '#')
        return parse_hex(s, out);
    if ((s.n > 4 && fl__css_is((fl__span){s.p, 4}, "rgb(")) ||
        (s.n > 5 && fl__css_is((fl__span){s.p, 5}, "rgba(")))
        return parse_rgb(s, out);
    if (fl__css_is(s, "transparent")) {
        *out = (fl_color){0, 0, 0, 0};
        return 0;
    }
    for (size_t i = 0; i < sizeof(basic_colors) / sizeof(basic_colors[0]); i++) {
        if (fl__css_is(s, basic_colors[i].name)) {
            uint32_t v = basic_colors[i].rgb;
            *out = (fl_color){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v, 255};
            return 0;
        }
    }
    return -1;
}

int fl_color_parse(const char *text, fl_color *out)
{
    if (!text || !out)
        return FL_EINVAL;
    return fl__css_color((fl__span){text, strlen(text)}, out) == 0 ? 0 : FL_EINVAL;
}
