/* Mirror of all_value_formats.js: fl_value_format against show(). */
#include "puzzles.h"

#include <math.h>

/* {key: 'value', list: [1, 2], nested: {deep: true}} */
static fl_value *sample_object(void)
{
    fl_value *nested = fl_object_new();
    fl_object_set(nested, "deep", fl_bool(1));
    fl_value *object = fl_object_new();
    fl_object_set(object, "key", fl_str("value"));
    fl_object_set(object, "list", fl_array(2, fl_int(1), fl_int(2)));
    fl_object_set(object, "nested", nested);
    return object;
}

/* const inputs = [undefined, null, ..., new Error('')]; */
static fl_value *format_inputs(void)
{
    fl_value *inputs = fl_array_new();
    fl_array_push(inputs, fl_undefined());
    fl_array_push(inputs, fl_null());
    fl_array_push(inputs, fl_bool(1));
    fl_array_push(inputs, fl_bool(0));
    fl_array_push(inputs, fl_int(0));
    fl_array_push(inputs, fl_double(-0.0));
    fl_array_push(inputs, fl_int(42));
    fl_array_push(inputs, fl_int(-7));
    fl_array_push(inputs, fl_double(0.5));
    fl_array_push(inputs, fl_double(0.1 + 0.2));
    fl_array_push(inputs, fl_double(1e21));
    fl_array_push(inputs, fl_double(1e-7));
    fl_array_push(inputs, fl_double(123456789012.0));
    fl_array_push(inputs, fl_double(NAN));
    fl_array_push(inputs, fl_double(INFINITY));
    fl_array_push(inputs, fl_double(-INFINITY));
    fl_array_push(inputs, fl_str(""));
    fl_array_push(inputs, fl_str("plain"));
    fl_array_push(inputs, fl_str("quote \" and backslash \\"));
    fl_array_push(inputs, fl_str("tab\tnewline\n"));
    fl_array_push(inputs, fl_str("caf\xc3\xa9"));
    fl_array_push(inputs, fl_array_new());
    fl_array_push(inputs,
                  fl_array(2, fl_int(1), fl_array(2, fl_str("two"), fl_array(1, fl_null()))));
    fl_array_push(inputs, fl_object_new());
    fl_array_push(inputs, sample_object());
    fl_array_push(inputs, fl_error("boom"));
    fl_array_push(inputs, fl_error_named("RangeError", "out of range"));
    fl_array_push(inputs, fl_error(""));
    return inputs;
}

/* (values) => { for (const v of values) console.log(show(v)); console.log('all ' + ...); } */
static fl_value *log_each_value(fl_loop *loop, fl_value *values, void *arg)
{
    (void)arg;
    for (size_t i = 0; i < fl_array_length(values); i++)
        log_line_value(loop, NULL, fl_array_get(values, i));
    /* values.slice(0, 4) */
    fl_value *first4 = fl_array_new();
    for (size_t i = 0; i < 4 && i < fl_array_length(values); i++)
        fl_array_push(first4, fl_value_ref(fl_array_get(values, i)));
    fl_log_value(loop, "all", first4);
    fl_value_unref(first4);
    return NULL;
}

void puzzle_all_value_formats(fl_loop *loop)
{
    fl_promise_then(fl_promise_all(loop, format_inputs()), log_each_value, NULL, NULL);
    /* Promise.resolve('top level').then((v) => console.log(show(v))); */
    fl_promise_then(fl_promise_resolved(loop, fl_str("top level")), log_with_value, NULL, NULL);
    /* Promise.resolve(['in', 'array']).then((v) => console.log(show(v))); */
    fl_value *in_array = fl_array(2, fl_str("in"), fl_str("array"));
    fl_promise_then(fl_promise_resolved(loop, in_array), log_with_value, NULL, NULL);
}
