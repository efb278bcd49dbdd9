static inline int ub(int x)
{
	return x + 7;
}
