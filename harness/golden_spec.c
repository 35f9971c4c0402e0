/*
 * FL_SCENARIO_GOLDEN specs: "frames=0-59/10,59 mask=0,0,100,20". A scenario
 * with many frames keeps a subset as goldens so the repository stays small;
 * masks hide regions a comparison should not look at.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

/* A non-negative integer at *p, advancing past it. */
static int parse_int(const char **p, long long *out)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    char *end;
    *out = strtoll(*p, &end, 10);
    *p = end;
    return *out >= 0 && *out < 1000000000 ? 0 : -1;
}

/* "N", "A-B" or "A-B/S", ending at ',' or the end of the word. */
static int parse_range(const char **p, fl_golden_range *r)
{
    if (parse_int(p, &r->first) != 0)
        return -1;
    r->last = r->first;
    r->step = 1;
    if (**p == '-') {
        (*p)++;
        if (parse_int(p, &r->last) != 0 || r->last < r->first)
            return -1;
        if (**p == '/') {
            (*p)++;
            if (parse_int(p, &r->step) != 0 || r->step < 1)
                return -1;
        }
    }
    return 0;
}

static int parse_frames(const char *p, const char *end, fl_golden_spec *spec)
{
    while (p < end) {
        if (spec->nranges == FL_GOLDEN_MAX_RANGES ||
            parse_range(&p, &spec->ranges[spec->nranges++]) != 0)
            return -1;
        if (p < end && *p++ != ',')
            return -1;
    }
    return p == end && spec->nranges > 0 ? 0 : -1;
}

int fl_golden_mask_parse(const char *text, fl_golden_rect *masks, size_t *nmasks)
{
    long long v[4];
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        if (parse_int(&p, &v[i]) != 0 || (i < 3 && *p++ != ','))
            return -1;
    }
    if ((*p && *p != ' ') || *nmasks == FL_GOLDEN_MAX_MASKS)
        return -1;
    masks[(*nmasks)++] = (fl_golden_rect){(int)v[0], (int)v[1], (int)v[2], (int)v[3]};
    return 0;
}

int fl_golden_spec_parse(const char *text, fl_golden_spec *spec, char *why, size_t why_size)
{
    memset(spec, 0, sizeof(*spec));
    for (const char *p = text; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        int rc = -1;
        if (strncmp(p, "frames=", 7) == 0)
            rc = parse_frames(p + 7, p + n, spec);
        else if (strncmp(p, "mask=", 5) == 0)
            rc = fl_golden_mask_parse(p + 5, spec->masks, &spec->nmasks);
        if (rc != 0) {
            snprintf(why, why_size, "bad golden spec word '%.*s' (frames=LIST or mask=X,Y,W,H)",
                     (int)n, p);
            return -1;
        }
        p += n;
    }
    return 0;
}

int fl_golden_spec_wants(const fl_golden_spec *spec, long long vsync)
{
    if (spec->nranges == 0)
        return 1;
    for (size_t i = 0; i < spec->nranges; i++) {
        const fl_golden_range *r = &spec->ranges[i];
        if (vsync >= r->first && vsync <= r->last && (vsync - r->first) % r->step == 0)
            return 1;
    }
    return 0;
}
