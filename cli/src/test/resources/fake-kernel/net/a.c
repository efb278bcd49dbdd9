struct sa { int x; };
int fa(struct sa *p) { return p->x + FAKE; }
