/*
 * check: problems that span records (unknown ids, a team nobody uses, a
 * planned activity in the past). It reports to the diag and builds
 * nothing; run it after model_index() and before model_link().
 */
#ifndef LINLI_CHECK_H
#define LINLI_CHECK_H

#include "diag.h"
#include "model.h"

void check_model(const struct model *m, struct diag *d);

#endif
