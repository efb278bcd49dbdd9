struct sm { int w; };
int fm(struct sm *p) { return p->w; }
