/* Compiled as $PWD/sub/../other.c: an absolute name with "..". */
int o(int x, int y)
{
	int z = x * 11;
	return z > y ? z - y : y;
}
