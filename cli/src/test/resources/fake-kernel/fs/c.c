struct sc { int z; };
int fc(struct sc *p) { return p->z; }
