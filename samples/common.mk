# Shared by the user-space samples' Makefiles (included after their own rules): the compile_commands.json that
# klas extract reads (every source at -O2 -g, the flags of the -O2 build), the output folder, clean.
# A sample sets CC, SRCS and OUT before including this.

$(OUT)/compile_commands.json: Makefile $(lastword $(MAKEFILE_LIST)) | $(OUT)
	@printf '[\n' > $@
	@sep=' '; for f in $(SRCS); do \
	  printf '%s {"directory": "%s", "file": "%s", "arguments": ["%s", "-O2", "-g", "-c", "%s"]}\n' \
	    "$$sep" "$(CURDIR)" "$$f" "$(CC)" "$$f" >> $@; sep=','; done
	@printf ']\n' >> $@

$(OUT):
	mkdir -p $@

clean:
	rm -rf $(OUT)

.PHONY: all clean
