/* fl_strerror and fl_err_name, generated from the one table in error.h. */
#include "frameloop/error.h"

const char *fl_strerror(int err)
{
    if (err == 0)
        return "success";
    switch (err) {
#define FL__ERRNO_MSG(name, value, msg)                                                            \
    case FL_##name:                                                                                \
        return msg;
        FL_ERRNO_MAP(FL__ERRNO_MSG)
#undef FL__ERRNO_MSG
    }
    return "unknown error";
}

const char *fl_err_name(int err)
{
    if (err == 0)
        return "FL_OK";
    switch (err) {
#define FL__ERRNO_NAME(name, value, msg)                                                           \
    case FL_##name:                                                                                \
        return "FL_" #name;
        FL_ERRNO_MAP(FL__ERRNO_NAME)
#undef FL__ERRNO_NAME
    }
    return "FL_E?";
}
