#ifndef COUNTER_H
#define COUNTER_H

struct counter {
	int id;
	long n;
};

void tick(struct counter *c);

#endif
