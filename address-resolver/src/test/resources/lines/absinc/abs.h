/* Found through -I with an absolute folder. */
static inline int ab(int v)
{
	return v - 9;
}
