static inline int ua(int x)
{
	return x * 3;
}
